using System.Text.Json;
using System.Text.RegularExpressions;

namespace Trainer.MultiNode.Tests.Support;

/// <summary>How a run in containers ended: the coordinator's (or `trainer train`'s) exit code, every container's log, and its --out folder.</summary>
internal sealed record RunOutcome(long ExitCode, string Log, string OutDir)
{
    public string ModelPath => Path.Combine(OutDir, "model.pt");

    public double TestAccuracy => Summary().GetProperty("test_accuracy").GetDouble();

    /// <summary>The job's name (TrainingJob.Name): which executable's job was trained.</summary>
    public string? Job => Summary().GetProperty("job").GetString();

    public long StepsApplied => Summary().GetProperty("steps_applied").GetInt64();

    /// <summary>The step of the checkpoint the run went on from; null for a run that did not resume.</summary>
    public long? ResumedFromStep => Summary().TryGetProperty("resumed_from_step", out var step) ? step.GetInt64() : null;

    /// <summary>
    /// The devices that trained, as the run announced them ("training … on w1/cpu:0,w2/cpu:0 (…"):
    /// summary.json's timings have the coordinator's track only in a cluster run so far.
    /// </summary>
    public int Devices
    {
        get
        {
            var line = Regex.Match(Log, @"training the .*? on (\S+) \(");
            Assert.True(line.Success, $"no \"training the … on DEVICES\" line in the logs:\n{Log}");
            return line.Groups[1].Value.Split(',').Length;
        }
    }

    private JsonElement Summary()
    {
        var path = Path.Combine(OutDir, "summary.json");
        Assert.True(File.Exists(path), $"no summary.json in {OutDir}; the logs:\n{Log}");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }
}
