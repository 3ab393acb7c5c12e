using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The child's side of <see cref="PeerProcess"/>'s protocol, for a runner in this process:
/// <c>{"ready": true}</c>, then one <c>{"steps": n, "seconds": s}</c> per step count read, until
/// an empty line or the end of the input.
/// </summary>
public static class ChunkServer
{
    public static void Serve(IScalingRunner runner, TextReader input, TextWriter output)
    {
        output.WriteLine("{\"ready\": true}");
        output.Flush();
        while (input.ReadLine() is { } line && line.Trim() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var steps) || steps < 1)
                throw new InvalidDataException($"expected a step count (a positive whole number) or an empty line, got '{text}'");
            var seconds = runner.Run(steps);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"steps\": {steps}, \"seconds\": {seconds:R}}}"));
            output.Flush();
        }
    }
}
