using System.Collections;

namespace Trainer.Torch.Optim;

/// <summary>
/// One of an optimizer's parameter groups, as PyTorch's <c>param_groups[i]</c> dict: the
/// parameters and their hyper-parameters. Options missing when the group is built are filled
/// from the optimizer's defaults, so <c>group["lr"] = 0.01</c> changes only this group.
/// </summary>
public sealed class ParamGroup
{
    private readonly Dictionary<string, object?> options;

    public ParamGroup(IEnumerable<Parameter> parameters, IDictionary<string, object?>? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        @params = parameters.ToList();
        this.options = options is null ? new() : new(options);
        if (this.options.ContainsKey("params"))
            throw new ArgumentException("pass the parameters as the first argument, not as the option \"params\"", nameof(options));
    }

    /// <summary>The parameters this group updates, in order (their order numbers the optimizer's state).</summary>
    public List<Parameter> @params { get; }

    /// <summary>A hyper-parameter by PyTorch's name ("lr", "momentum", "betas", ...).</summary>
    public object? this[string key]
    {
        get => options.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"parameter group has no option \"{key}\"");
        set => options[key] = value;
    }

    public bool ContainsKey(string key) => options.ContainsKey(key);

    /// <summary>The option names, in insertion order (PyTorch's order once defaults are filled).</summary>
    public IEnumerable<string> Keys => options.Keys;

    public double lr
    {
        get => GetDouble("lr");
        set => options["lr"] = value;
    }

    internal void SetDefault(string key, object? value) => options.TryAdd(key, value);

    internal double GetDouble(string key) => this[key] switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        bool b => b ? 1 : 0,
        var other => throw new InvalidOperationException($"option \"{key}\" should be a number, not {Describe(other)}"),
    };

    internal bool GetBool(string key) => this[key] switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        var other => throw new InvalidOperationException($"option \"{key}\" should be a bool, not {Describe(other)}"),
    };

    /// <summary>A pair such as Adam's betas, given as a tuple, an array or a list (what torch.load returns).</summary>
    internal (double, double) GetPair(string key)
    {
        switch (this[key])
        {
            case ValueTuple<double, double> t:
                return t;
            case IList list when list.Count == 2:
                return (ToDouble(key, list[0]), ToDouble(key, list[1]));
            case var other:
                throw new InvalidOperationException($"option \"{key}\" should be a pair of numbers, not {Describe(other)}");
        }
    }

    private static double ToDouble(string key, object? v) => v switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        _ => throw new InvalidOperationException($"option \"{key}\" should hold numbers, not {Describe(v)}"),
    };

    private static string Describe(object? v) => v is null ? "None" : $"{v.GetType().Name} {v}";
}
