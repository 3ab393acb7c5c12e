using Trainer.Coordinator.Bench;

namespace Trainer.Cluster.Tests;

/// <summary>`trainer bench transfer`: the tensor service alone, through its real checks.</summary>
public sealed class TransferBenchTests
{
    [Fact]
    public void Run_SmallModel_DownloadsTheServedWeightsAndUploadsAcceptedGradients()
    {
        // Three chunks and a bit: the values cross chunk boundaries both ways.
        var values = 3 * Trainer.Shared.Wire.WireLimits.ChunkValues + 5;

        var figures = TransferBench.Run(values, calls: 3);

        Assert.Equal(values, figures.Values);
        Assert.True(figures.DownloadMs > 0);
        Assert.True(figures.UploadMs > 0);
        Assert.Contains("MB/s", figures.ToString());
    }

    [Theory]
    [InlineData("--calls", "0")]
    [InlineData("--values", "0")]
    [InlineData("--values", "many")]
    public void Main_BadOption_ExitsOneNamingIt(string option, string value)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, Trainer.Coordinator.Program.Main(["bench", "transfer", option, value]));
        }
        finally { Console.SetError(saved); }
        Assert.Contains(option, error.ToString());
    }
}
