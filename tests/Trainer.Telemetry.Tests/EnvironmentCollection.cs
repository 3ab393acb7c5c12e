namespace Trainer.Telemetry.Tests;

/// <summary>
/// Tests that set process-wide environment variables (OTEL_EXPORTER_OTLP_*) or run training
/// (libtorch's global state) share this collection, so they never run at the same time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>Sets environment variables for the life of the object and restores the old values.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> saved = new();

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
    }
}
