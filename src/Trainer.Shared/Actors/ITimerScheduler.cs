namespace Trainer.Shared.Actors;

/// <summary>
/// Keyed timers that send messages to the actor itself (Akka's <c>IWithTimers.Timers</c>).
/// Starting a timer with a key in use replaces it. Every timer is cancelled when the actor
/// stops or restarts, so a stopped actor never gets ticks and never leaks a <see cref="Timer"/>.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);
    void StartPeriodicTimer(object key, object message, TimeSpan interval);
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);
    bool IsTimerActive(object key);
    void Cancel(object key);
    void CancelAll();
}
