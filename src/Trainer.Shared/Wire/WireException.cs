namespace Trainer.Shared.Wire;

/// <summary>
/// What came over the wire is refused: the message says what was wrong, for the sender's status
/// and the log. <see cref="Stale"/>: well formed, but not awaited (another step or version, a
/// worker no longer in the run), as opposed to malformed (a wrong length, a broken stream).
/// </summary>
public sealed class WireException(string message, bool stale = false) : Exception(message)
{
    public bool Stale { get; } = stale;
}
