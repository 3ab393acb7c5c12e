using System.Text.Json;
using Trainer.Shared.StateDict;

namespace Trainer.Cluster.Tests.Support;

/// <summary>What a run left in its --out folder, read back for assertions: summary.json's figures and model.pt against another run's.</summary>
internal sealed class RunOutput(string dir)
{
    private JsonElement Summary
    {
        get
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            return doc.RootElement.Clone();
        }
    }

    public long StepsApplied => Summary.GetProperty("steps_applied").GetInt64();

    /// <summary>summary.json "failures" (none: empty).</summary>
    public IReadOnlyList<string> Failures =>
        Summary.TryGetProperty("failures", out var f) ? f.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    /// <summary>summary.json "samples_by_device": the samples each device computed over the run.</summary>
    public IReadOnlyDictionary<string, long> SamplesByDevice =>
        Summary.GetProperty("samples_by_device").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    /// <summary>Asserts that this run's model.pt holds <paramref name="other"/>'s tensors, to <paramref name="tolerance"/>.</summary>
    public void AssertSameModelAs(RunOutput other, float tolerance)
    {
        var expected = PyTorchStateDict.Read(Path.Combine(other.Dir, "model.pt"));
        var actual = PyTorchStateDict.Read(Path.Combine(Dir, "model.pt"));
        try
        {
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, tensor) in expected)
            {
                var difference = (tensor - actual[name]).abs().max().item<float>();
                Assert.True(difference <= tolerance, $"{name} differs by {difference}");
            }
        }
        finally
        {
            foreach (var t in expected.Values.Concat(actual.Values)) t.Dispose();
        }
    }

    public string Dir => dir;

    /// <summary>
    /// The uninterrupted reference: `trainer train --devices cpu:0,cpu:1` embedded, on the same
    /// data with the same options, into <paramref name="outDir"/> (bounded by <paramref name="patience"/>).
    /// </summary>
    public static RunOutput TrainEmbedded(string data, string outDir, string[] training, TimeSpan patience)
    {
        using var run = TrainerProcess.Start("embedded", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", outDir, .. training]);
        Assert.True(run.WaitForExit(patience), run.Log);
        Assert.True(run.ExitCode == 0, run.Log);
        return new RunOutput(outDir);
    }
}
