using Trainer.Torch.Data;

namespace Trainer.Torch.Tests.Data;

public class DataLoaderTests
{
    private static (Tensor X, Tensor Y) Dataset(int n)
    {
        var x = tensor(Enumerable.Range(0, n * 2).Select(i => (float)i).ToArray(), new long[] { n, 2 });
        var y = tensor(Enumerable.Range(0, n).Select(i => (long)i).ToArray());
        return (x, y);
    }

    [Theory]
    [InlineData(false, new long[] { 4, 4, 2 })]
    [InlineData(true, new long[] { 4, 4 })]
    public void Batches_SizesFollowDropLast(bool dropLast, long[] sizes)
    {
        var (x, y) = Dataset(10);
        var loader = new DataLoader(x, y, batch_size: 4, drop_last: dropLast);
        Assert.Equal(sizes.Length, loader.Count);
        Assert.Equal(sizes, loader.Select(b => b.x.size(0)).ToArray());
        Assert.Equal(sizes, loader.Select(b => b.y.size(0)).ToArray());
        x.Dispose(); y.Dispose();
    }

    [Fact]
    public void Unshuffled_RowsStayPairedAndInOrder()
    {
        var (x, y) = Dataset(5);
        var seen = new List<long>();
        foreach (var (bx, by) in new DataLoader(x, y, 2))
        {
            var labels = by.ToArray<long>();
            var rows = bx.ToArray<float>();
            for (var i = 0; i < labels.Length; i++) Assert.Equal(labels[i] * 2f, rows[2 * i]);
            seen.AddRange(labels);
        }
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, seen);
        x.Dispose(); y.Dispose();
    }

    [Fact]
    public void Shuffled_IsAPermutation_KeepsPairs_AndRepeatsWithSeed()
    {
        var (x, y) = Dataset(100);
        List<long> Epoch(DataLoader loader)
        {
            var order = new List<long>();
            foreach (var (bx, by) in loader)
            {
                var labels = by.ToArray<long>();
                var rows = bx.ToArray<float>();
                for (var i = 0; i < labels.Length; i++) Assert.Equal(labels[i] * 2f + 1, rows[2 * i + 1]);
                order.AddRange(labels);
            }
            return order;
        }
        var a = new DataLoader(x, y, 32, shuffle: true, seed: 7);
        var b = new DataLoader(x, y, 32, shuffle: true, seed: 7);
        var a1 = Epoch(a);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), a1.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), a1);
        Assert.Equal(a1, Epoch(b));
        var a2 = Epoch(a);
        Assert.NotEqual(a1, a2);           // a new order each epoch...
        Assert.Equal(a2, Epoch(b));        // ...the same in every run with the same seed
        Assert.NotEqual(a1, Epoch(new DataLoader(x, y, 32, shuffle: true, seed: 8)));
        x.Dispose(); y.Dispose();
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var (x, y) = Dataset(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(x, y, 0));
        using var shortY = tensor(new long[] { 1, 2, 3 });
        var e = Assert.Throws<ArgumentException>(() => new DataLoader(x, shortY, 2));
        Assert.Contains("4 samples but targets hold 3", e.Message);
        x.Dispose(); y.Dispose();
    }
}

[Collection(NativeState.Name)]
public class DataLoaderLifetimeTests
{
    [Fact]
    public void Epoch_FreesEveryBatch()
    {
        var x = ones(50, 3);
        var y = zeros(new long[] { 50 }, ScalarType.Int64);
        var before = Tensor.LiveCount;
        foreach (var _ in new DataLoader(x, y, 8, shuffle: true, seed: 1)) { }
        Assert.Equal(before, Tensor.LiveCount);
        x.Dispose(); y.Dispose();
    }
}
