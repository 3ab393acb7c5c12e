using System.Globalization;
using Spectre.Console;

namespace Trainer.Coordinator.Training;

/// <summary>
/// A Spectre.Console progress bar per epoch showing running loss, accuracy and samples/s.
/// The bar is redrawn by Spectre's own thread; the training loop only updates a task's
/// value and description, throttled so that redrawing never costs the loop anything visible.
/// </summary>
internal sealed class SpectreProgress : IProgressSink
{
    private readonly ProgressContext context;
    private ProgressTask? task;
    private long lastUpdateTicks;
    // Set by the registrar's thread, read when the bar is next described; -1: not a cluster run.
    private volatile int workers = -1;
    // Boxed, so the registrar's thread never reads a half-written struct.
    private volatile object? lastProgress;

    private SpectreProgress(ProgressContext context) => this.context = context;

    internal static void Run(Action<IProgressSink> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => body(new SpectreProgress(ctx)));

    public void EpochStarted(int epoch, int epochs, long batches)
    {
        lastProgress = null;
        task = context.AddTask($"epoch {epoch}/{epochs}", maxValue: batches);
    }

    public void Batch(EpochRunner.Progress p)
    {
        if (task is null) return;
        var now = Environment.TickCount64;
        if (p.Batch != p.Batches && now - lastUpdateTicks < 100) return;
        lastUpdateTicks = now;
        task.Value = p.Batch;
        lastProgress = p;
        Describe(task, p);
    }

    private void Describe(ProgressTask t, EpochRunner.Progress p) =>
        t.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {t.Description.Split(' ')[1]} loss {p.Loss:F4}{(p.Accuracy is double a ? $" acc {a:F3}" : "")} {p.SamplesPerSec:N0}/s{PlainProgress.WorkerSuffix(workers)}");

    /// <summary>Shown on the running epoch's bar at once, and on every later one.</summary>
    public void Workers(int live)
    {
        workers = live;
        if (task is { IsFinished: false } t && lastProgress is EpochRunner.Progress p) Describe(t, p);
    }

    public void EpochDone(EpochStats s, int epochs)
    {
        if (task is null) return;
        task.Value = task.MaxValue;
        task.Description = Markup.Escape(PlainProgress.Format(s, epochs) + PlainProgress.WorkerSuffix(workers));
        task.StopTask();
    }

    public void Message(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));
}
