using Trainer.Torch.Native;

namespace Trainer.Torch.Optim;

/// <summary>
/// Adam (and AMSGrad), the update of PyTorch 1.13's <c>torch.optim.Adam</c> in its
/// single-tensor form; state per parameter: step (a 0-d float tensor), exp_avg, exp_avg_sq,
/// and max_exp_avg_sq with amsgrad.
/// </summary>
public sealed class Adam : Optimizer
{
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this(OneGroup(parameters), lr, betas, eps, weight_decay, amsgrad, maximize) { }

    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(groups, new Dictionary<string, object?>
        {
            ["lr"] = lr,
            // A list, not a tuple: it is what torch.load gives back and what PyTorch unpacks alike.
            ["betas"] = new List<object?> { (betas ?? (0.9, 0.999)).Item1, (betas ?? (0.9, 0.999)).Item2 },
            ["eps"] = eps,
            ["weight_decay"] = weight_decay,
            ["amsgrad"] = amsgrad,
            ["maximize"] = maximize,
            ["foreach"] = null,
            ["capturable"] = false,
            ["differentiable"] = false,
            ["fused"] = false,
        }) { }

    private protected override void Validate(ParamGroup g)
    {
        var (beta1, beta2) = g.GetPair("betas");
        if (g.GetDouble("lr") < 0) throw new ArgumentException($"Invalid learning rate: {g.GetDouble("lr")}");
        if (g.GetDouble("eps") < 0) throw new ArgumentException($"Invalid epsilon value: {g.GetDouble("eps")}");
        if (beta1 is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameter at index 0: {beta1}");
        if (beta2 is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameter at index 1: {beta2}");
        if (g.GetDouble("weight_decay") < 0) throw new ArgumentException($"Invalid weight_decay value: {g.GetDouble("weight_decay")}");
    }

    private protected override bool Update(Parameter p, ParamState state, ParamGroup g)
    {
        var (beta1, beta2) = g.GetPair("betas");
        var status = NativeMethods.trn_optim_adam_update(p.Handle, state.Slot("step").Handle,
            state.Slot("exp_avg").Handle, state.Slot("exp_avg_sq").Handle, state.Slot("max_exp_avg_sq").Handle,
            g.GetDouble("lr"), beta1, beta2, g.GetDouble("eps"), g.GetDouble("weight_decay"),
            g.GetBool("amsgrad"), g.GetBool("maximize"));
        if (status < 0) throw NativeMethods.LastError();
        return status == 0;
    }

    private static readonly string[] Keys = { "step", "exp_avg", "exp_avg_sq" };
    private static readonly string[] AmsgradKeys = { "step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq" };

    private protected override IEnumerable<string> StateKeys(ParamGroup group) => group.GetBool("amsgrad") ? AmsgradKeys : Keys;
}
