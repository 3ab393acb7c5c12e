using Trainer.Shared.StateDict;

namespace Trainer.Cluster.Tests.Support;

/// <summary>Two runs' model.pt compared tensor by tensor.</summary>
internal static class ModelFiles
{
    public static void AssertEqual(string expectedFile, string actualFile, float tolerance)
    {
        using var scope = torch.NewDisposeScope();
        var expected = PyTorchStateDict.Read(expectedFile);
        var actual = PyTorchStateDict.Read(actualFile);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected)
        {
            var difference = (tensor - actual[name]).abs().max().item<float>();
            Assert.True(difference <= tolerance, $"{name} differs by {difference}");
        }
    }
}
