using System.Text.Json;
using Trainer.Shared.StateDict;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Training;

/// <summary>What a run leaves in --out DIR: model.pt (a state_dict PyTorch reads), summary.json, and trace.json when traced.</summary>
internal static class RunOutputs
{
    internal static string Write(string dir, Model model, TrainingRun.Summary summary, TraceRecorder? trace)
    {
        // PyTorch's keys (a tied layer under each of its names), each tensor copied to the CPU.
        PyTorchStateDict.Save(model, Path.Combine(dir, "model.pt"));
        File.WriteAllText(Path.Combine(dir, "summary.json"),
            JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        if (trace is null) return $"wrote {Path.Combine(dir, "model.pt")} and summary.json";
        ChromeTrace.Write(Path.Combine(dir, "trace.json"), trace.Spans);
        return $"wrote {Path.Combine(dir, "model.pt")}, summary.json and trace.json";
    }
}
