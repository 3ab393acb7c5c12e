using Trainer.Torch.Native;

namespace Trainer.Torch.Optim;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum,
/// the update of PyTorch 1.13's <c>torch.optim.SGD</c> (same math, same op order).
/// </summary>
public sealed class SGD : Optimizer
{
    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false, bool maximize = false)
        : this(OneGroup(parameters), lr, momentum, dampening, weight_decay, nesterov, maximize) { }

    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false, bool maximize = false)
        : base(groups, new Dictionary<string, object?>
        {
            ["lr"] = lr,
            ["momentum"] = momentum,
            ["dampening"] = dampening,
            ["weight_decay"] = weight_decay,
            ["nesterov"] = nesterov,
            ["maximize"] = maximize,
            ["foreach"] = null,
            ["differentiable"] = false,
        }) { }

    private protected override void Validate(ParamGroup g)
    {
        if (g.GetDouble("lr") < 0) throw new ArgumentException($"Invalid learning rate: {g.GetDouble("lr")}");
        if (g.GetDouble("momentum") < 0) throw new ArgumentException($"Invalid momentum value: {g.GetDouble("momentum")}");
        if (g.GetDouble("weight_decay") < 0) throw new ArgumentException($"Invalid weight_decay value: {g.GetDouble("weight_decay")}");
        if (g.GetBool("nesterov") && (g.GetDouble("momentum") <= 0 || g.GetDouble("dampening") != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }

    private protected override bool Update(Parameter p, ParamState state, ParamGroup g)
    {
        var status = NativeMethods.trn_optim_sgd_update(p.Handle, state.Slot("momentum_buffer").Handle,
            g.GetDouble("lr"), g.GetDouble("momentum"), g.GetDouble("dampening"), g.GetDouble("weight_decay"),
            g.GetBool("nesterov"), g.GetBool("maximize"));
        if (status < 0) throw NativeMethods.LastError();
        return status == 0;
    }

    private static readonly string[] Keys = { "momentum_buffer" };

    private protected override IEnumerable<string> StateKeys(ParamGroup group) => Keys;
}
