namespace Trainer.Shared.Actors;

/// <summary>What a parent does with a child whose handler threw.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; drop the failing message, go on.</summary>
    Resume,
    /// <summary>Replace the instance by a fresh one from Props; the mailbox is kept.</summary>
    Restart,
    /// <summary>Stop the child for good.</summary>
    Stop,
    /// <summary>Fail the parent itself with the same exception, so the grandparent decides.</summary>
    Escalate,
}
