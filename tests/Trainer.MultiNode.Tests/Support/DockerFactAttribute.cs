namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// A fact that needs a Docker daemon. Where none answers it is reported as skipped with the exact
/// reason, never as passed. A daemon that answers but lacks the image fails the test instead.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEnvironment.Unavailable is string why) Skip = why;
    }
}
