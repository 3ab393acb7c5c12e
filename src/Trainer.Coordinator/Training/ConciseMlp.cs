using Trainer.Torch;

namespace Trainer.Coordinator.Training;

/// <summary>
/// The book's concise MLP for Fashion-MNIST: Sequential(Flatten(), Linear(784, 256), ReLU(),
/// Linear(256, 10)), weights drawn from N(0, 0.01) as its init_weights does, so that the
/// state_dict keys are 1.weight 1.bias 3.weight 3.bias and load into the same PyTorch module.
/// </summary>
internal static class ConciseMlp
{
    internal static torch.nn.Sequential Create(long hidden = 256)
    {
        var net = new torch.nn.Sequential(
            new torch.nn.Flatten(),
            new torch.nn.Linear(784, hidden),
            new torch.nn.ReLU(),
            new torch.nn.Linear(hidden, 10));
        net.apply(m =>
        {
            if (m is torch.nn.Linear linear) torch.nn.init.normal_(linear.weight, std: 0.01);
        });
        return net;
    }
}
