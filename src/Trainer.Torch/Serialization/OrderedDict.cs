namespace Trainer.Torch.Serialization;

/// <summary>
/// Python's <c>collections.OrderedDict</c> as torch.load returns it, keeping the attributes
/// PyTorch sets on it through BUILD: a state_dict carries <c>_metadata</c> (per-module
/// versions that <c>load_state_dict</c> reads), and saving it again writes them back.
/// </summary>
public sealed class OrderedDict : OrderedDictionary<string, object?>
{
    /// <summary>The instance attributes (<c>__dict__</c>), e.g. <c>_metadata</c>; empty for a plain OrderedDict.</summary>
    public Dictionary<string, object?> attributes { get; } = new();
}
