namespace Trainer.Tests;

/// <summary>
/// The single-model loop the data-parallel tests hold their results against: each batch of
/// sample indices gathered from <c>x</c> and <c>y</c>, zero_grad, backward, step, in one dispose
/// scope. No actors, no shards: what a plain TorchSharp user's loop computes.
/// </summary>
internal static class PlainTraining
{
    public static void Train(Model net, Loss loss, Optimizer optimizer, Tensor x, Tensor y, IEnumerable<long[]> batches)
    {
        foreach (var batch in batches)
        {
            using var scope = torch.NewDisposeScope();
            var index = torch.tensor(batch);
            var l = loss.call(net.call(x.index_select(0, index)), y.index_select(0, index));
            optimizer.zero_grad();
            l.backward();
            optimizer.step();
        }
    }
}
