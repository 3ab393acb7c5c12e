using System.Runtime.InteropServices;

namespace Trainer.Shared.Actors;

/// <summary>
/// The one rule every ref enforces on what it carries: messages are plain data. A native handle
/// (anything disposable) in a message would have two owners and no defined lifetime, and
/// cannot cross to a remote actor anyway, so it is refused at the Tell, where the bug is.
/// </summary>
internal static class MessageRules
{
    public static void Check(object message, ActorPath target)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is SafeHandle or IDisposable or IAsyncDisposable)
        {
            throw new ArgumentException(
                $"Message {message.GetType().Name} to {target} is disposable: actor messages must be immutable plain data, never native handles.",
                nameof(message));
        }
    }
}
