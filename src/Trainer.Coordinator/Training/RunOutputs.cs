using System.Text.Json;
using Trainer.Shared.StateDict;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Training;

/// <summary>What a run leaves in --out DIR: model.pt (a state_dict PyTorch reads), summary.json, curves.png (loss and accuracy per epoch), and trace.json when traced.</summary>
internal static class RunOutputs
{
    internal static string Write(string dir, Model model, TrainingRun.Summary summary, TraceRecorder? trace)
    {
        // PyTorch's keys (a tied layer under each of its names), each tensor copied to the CPU.
        PyTorchStateDict.Save(model, Path.Combine(dir, "model.pt"));
        File.WriteAllText(Path.Combine(dir, "summary.json"),
            JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        Telemetry.RunCurves.Write(Path.Combine(dir, "curves.png"),
            summary.Epochs.Select(e => new Telemetry.EpochPoint(e.Epoch, e.Loss, e.TrainAccuracy, e.TestAccuracy, e.TestLoss)).ToList());
        if (trace is null) return $"wrote {Path.Combine(dir, "model.pt")}, summary.json and curves.png";
        ChromeTrace.Write(Path.Combine(dir, "trace.json"), trace.Spans);
        return $"wrote {Path.Combine(dir, "model.pt")}, summary.json, curves.png and trace.json";
    }
}
