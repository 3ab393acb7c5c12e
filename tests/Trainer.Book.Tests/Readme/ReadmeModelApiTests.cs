using Trainer.Book.Tests.Support;
using Trainer.Shared.Modules;
using Trainer.Shared.StateDict;
using static Trainer.Book.Tests.Support.Devices;

namespace Trainer.Book.Tests.Readme;

/// <summary>The README's model API tour, line for line between the markers, with what it claims.</summary>
[Collection(NativeState.Name)]
public sealed class ReadmeModelApiTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-readme-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ModelApiTour_RunsAsTheReadmeShows()
    {
        var path = Path.Combine(dir, "mlp.params");
        // README begin
        using var scope = torch.NewDisposeScope();
        var net = Sequential(Linear(20, 256), ReLU(), Linear(256, 10));
        var names = net.named_parameters().Select(np => $"{np.name} [{string.Join(", ", np.parameter.shape)}]");
        net.apply(m => { if (m is Linear l) { init.xavier_uniform_(l.weight); init.zeros_(l.bias!); } });
        PyTorchStateDict.Save(net, path);                       // PyTorch's format and keys: torch.load reads it

        var shared = Linear(8, 8);                              // tied: indices 2 and 4 are one layer
        var tied = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1));
        var keys = PyTorchStateDict.Of(tied).Keys;              // 0.*, 2.*, 4.*, 6.*, as PyTorch lists them

        var lazy = Sequential(new LazyLinear(256), ReLU(), Linear(256, 10));
        lazy.call(rand(2, 20));                                 // in_features = 20, learnt from the data

        var device = try_gpu();                                 // cuda:0, or the CPU where there is no GPU
        net.to(device);                                         // before the optimizer: to() replaces parameters
        var optimizer = optim.SGD(net.parameters(), 0.1, momentum: 0.9);
        var X = rand(new long[] { 2, 20 }, device: device);
        var loss = functional.cross_entropy(net.call(X), tensor(new long[] { 3, 7 }, device: device));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        // README end

        Assert.Equal(new[] { "0.weight [256, 20]", "0.bias [256]", "2.weight [10, 256]", "2.bias [10]" }, names);
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias" }, keys);
        Assert.Equal(new long[] { 256, 20 }, ((LazyLinear)lazy[0]).weight.shape);
        Assert.Equal(device.type, net.parameters().First().device_type);
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));

        var theirs = PyTorchPeer.Strings($"print(json.dumps(list(torch.load({PyTorchPeer.Quote(path)}).keys())))");
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, theirs);
        foreach (var module in new Module[] { net, tied, lazy }) module.Dispose();
        optimizer.Dispose();
    }
}
