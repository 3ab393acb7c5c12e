namespace Trainer.Book.Tests.StateDict;

/// <summary>The book's tied net (d2l 5.2.3): one Linear(8, 8) held at indices 2 and 4 of a Sequential.</summary>
internal static class TiedNet
{
    public static Sequential Create()
    {
        var shared = Linear(8, 8);
        return Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1));
    }

    public const string Python =
        "shared = nn.Linear(8, 8)\n" +
        "net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))\n";
}
