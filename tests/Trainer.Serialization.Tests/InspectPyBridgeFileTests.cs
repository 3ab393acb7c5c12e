using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Trainer.Serialization.Tests;

/// <summary>A file TorchSharp.PyBridge writes (what Trainer itself saves) inspects like PyTorch's.</summary>
public class InspectPyBridgeFileTests
{
    [Fact]
    public void Inspect_SequentialSavedBySavePy_ListsItsStateDict()
    {
        using var dir = new TempDir();
        var path = dir.File("bridge.pt");
        using (var model = nn.Sequential(nn.Linear(3, 2)))
            model.save_py(path);
        Assert.Equal(new[]
        {
            "0.weight  [2, 3]  torch.float32",
            "0.bias    [2]  torch.float32",
        }, Inspect.Listing(path));
    }
}
