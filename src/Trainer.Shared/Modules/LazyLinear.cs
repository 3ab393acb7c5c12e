using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Trainer.Shared.Modules;

/// <summary>
/// PyTorch's <c>nn.LazyLinear</c>, which TorchSharp 0.107 lacks: a Linear whose
/// <c>in_features</c> is learnt from the last dimension of the first input it sees.
/// </summary>
/// <remarks>
/// Before that first forward the weight does not exist, and the module says so instead of
/// pretending: it registers no parameters (so <c>parameters()</c> and <c>state_dict()</c> are
/// empty, where PyTorch lists <c>&lt;UninitializedParameter&gt;</c>s), <see cref="in_features"/>
/// is 0 as PyTorch prints it, and <see cref="weight"/> and <see cref="bias"/> throw an
/// <see cref="InvalidOperationException"/>. An optimizer must therefore be built after the first
/// forward, as PyTorch's documentation asks for lazy modules too.
///
/// The first forward creates the parameters exactly as nn.Linear does (and in its order, so a
/// seeded run draws the same numbers as PyTorch): weight from kaiming_uniform(a = √5), then bias
/// from U(−1/√fan_in, 1/√fan_in); they are then registered as <c>weight</c> and <c>bias</c>, and
/// from then on the module is a plain Linear.
/// </remarks>
public sealed class LazyLinear : nn.Module<Tensor, Tensor>
{
    private const string WeightName = "weight", BiasName = "bias";

    private readonly bool hasBias;
    private Parameter? weight_;
    private Parameter? bias_;
    // Where and how to create the parameters: the constructor's choice, updated by to() calls
    // made before the first forward (PyTorch's UninitializedParameter follows .to() the same way).
    private Device? device;
    private ScalarType? dtype;

    /// <param name="out_features">Size of each output sample.</param>
    /// <param name="hasBias">Whether to learn an additive bias, as nn.Linear's <c>hasBias</c>.</param>
    /// <param name="device">Device for the parameters; the default device when null.</param>
    /// <param name="dtype">Element type for the parameters; the default dtype when null.</param>
    public LazyLinear(long out_features, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
        : base(nameof(LazyLinear))
    {
        if (out_features <= 0) throw new ArgumentOutOfRangeException(nameof(out_features), out_features, "must be positive");
        this.out_features = out_features;
        this.hasBias = hasBias;
        this.device = device;
        this.dtype = dtype;
        RegisterComponents();
    }

    /// <summary>Size of each input sample; 0 until the first forward (or a state_dict) sets it.</summary>
    public long in_features { get; private set; }

    public long out_features { get; }

    /// <summary>PyTorch's <c>has_uninitialized_params()</c>: true until the first forward.</summary>
    public bool has_uninitialized_params() => weight_ is null;

    public Parameter weight => weight_ ?? throw Uninitialized(WeightName);

    /// <summary>The bias, or null when built with <c>hasBias: false</c>.</summary>
    public Parameter? bias => hasBias ? bias_ ?? throw Uninitialized(BiasName) : null;

    public override Tensor forward(Tensor input)
    {
        if (weight_ is null)
        {
            if (input.dim() == 0) throw new ArgumentException("LazyLinear needs an input with at least one dimension", nameof(input));
            initialize_parameters(input.shape[^1]);
        }
        return nn.functional.linear(input, weight_!, bias_);
    }

    /// <summary>
    /// Creates and registers the parameters for inputs of width <paramref name="inFeatures"/>,
    /// as the first forward does; a state_dict loader calls it with the width it finds.
    /// </summary>
    /// <exception cref="InvalidOperationException">The parameters exist already with another width.</exception>
    public void initialize_parameters(long inFeatures)
    {
        if (inFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), inFeatures, "must be positive");
        if (weight_ is not null)
        {
            if (inFeatures != in_features)
                throw new InvalidOperationException($"LazyLinear was initialized for in_features={in_features}, not {inFeatures}");
            return;
        }

        // The parameters belong to the module, not to whatever dispose scope the caller runs in
        // (Owned detaches them); the init draws are no part of any graph.
        using (no_grad())
        {
            weight_ = Owned(empty(new[] { out_features, inFeatures }, dtype: dtype, device: device));
            nn.init.kaiming_uniform_(weight_, a: Math.Sqrt(5));
            if (hasBias)
            {
                bias_ = Owned(empty(new[] { out_features }, dtype: dtype, device: device));
                var bound = 1 / Math.Sqrt(inFeatures);
                nn.init.uniform_(bias_, -bound, bound);
            }
        }
        in_features = inFeatures;
        register_parameter(WeightName, weight_);
        if (bias_ is not null) register_parameter(BiasName, bias_);
    }

    private static Parameter Owned(Tensor data)
    {
        var p = new Parameter(data);
        p.DetachFromDisposeScope();
        return p;
    }

    /// <summary>Its parameters are registered by hand when they come to exist, never from fields.</summary>
    protected override void RegisterComponents() { }

    // Like TorchSharp's Linear: move the parameters that exist, remember the target for those that don't.
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        this.device = device;
        this.dtype = dtype;
        Replace(dtype, device);
        return this;
    }

    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        device = new Device(deviceType, deviceIndex);
        Replace(null, device);
        return this;
    }

    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        this.dtype = dtype;
        Replace(dtype, null);
        return this;
    }

    private void Replace(ScalarType? dtype, Device? device)
    {
        if (weight_ is not null && ReplaceParameter(dtype, device, weight_, out var w))
        {
            weight_.Dispose();
            weight_ = w!; // ReplaceParameter has detached it from the dispose scope
            ConditionallyRegisterParameter(WeightName, weight_);
        }
        if (bias_ is not null && ReplaceParameter(dtype, device, bias_, out var b))
        {
            bias_.Dispose();
            bias_ = b!;
            ConditionallyRegisterParameter(BiasName, bias_);
        }
    }

    private InvalidOperationException Uninitialized(string name) => new(
        $"LazyLinear's {name} is uninitialized (PyTorch's <UninitializedParameter>): in_features is inferred " +
        "from the first input, so run a forward pass (or load a state_dict) before asking for it");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight_?.Dispose();
            bias_?.Dispose();
        }
        base.Dispose(disposing);
    }
}
