namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // state_dict and load_state_dict, with PyTorch's keys, error texts and strictness.
        public abstract partial class Module
        {
            /// <summary>
            /// Every parameter under its dotted key, in registration order. A tied parameter appears
            /// under each of its names, as in PyTorch. Values are detached aliases (same storage, no
            /// copy): writing into one writes the module's parameter. Each is a new tensor object the
            /// caller owns (or the current dispose scope frees).
            /// </summary>
            public OrderedDictionary<string, Tensor> state_dict(string prefix = "")
            {
                var result = new OrderedDictionary<string, Tensor>();
                SaveTo(result, prefix);
                return result;
            }

            private void SaveTo(OrderedDictionary<string, Tensor> into, string prefix)
            {
                foreach (var kv in ParameterEntries)
                    if (kv.Value is { } p)
                    {
                        if (p is UninitializedParameter)
                            throw new InvalidOperationException($"state_dict: parameter '{prefix}{kv.Key}' is uninitialized; run a forward pass first (deferred initialization)");
                        into.Add(prefix + kv.Key, p.detach());
                    }
                foreach (var kv in ModuleEntries) kv.Value.SaveTo(into, prefix + kv.Key + ".");
            }

            /// <summary>
            /// Copies the tensors of <paramref name="state_dict"/> into this module's parameters
            /// (under no_grad, keeping the Parameter objects). Keys this module has but the dict
            /// lacks are missing; keys the dict has but this module lacks are unexpected; with
            /// <paramref name="strict"/> either throws. A shape mismatch always throws. An
            /// uninitialized (lazy) parameter takes the incoming shape.
            /// </summary>
            public LoadStateDictResult load_state_dict(IReadOnlyDictionary<string, Tensor> state_dict, bool strict = true)
            {
                ArgumentNullException.ThrowIfNull(state_dict);
                var own = new List<(string key, Module owner, string name)>();
                CollectKeys(own, "");
                var ownKeys = own.Select(o => o.key).ToHashSet();
                var missing = own.Where(o => !state_dict.ContainsKey(o.key)).Select(o => o.key).ToList();
                var unexpected = state_dict.Keys.Where(k => !ownKeys.Contains(k)).ToList();

                var errors = new List<string>();
                foreach (var (key, owner, name) in own)
                {
                    if (!state_dict.TryGetValue(key, out var input)) continue;
                    var p = owner.ParameterEntries.First(kv => kv.Key == name).Value!;
                    if (p is UninitializedParameter) continue;
                    if (!p.shape.SequenceEqual(input.shape))
                        errors.Add($"size mismatch for {key}: copying a param with shape {SizeText(input.shape)} from checkpoint, the shape in current model is {SizeText(p.shape)}.");
                }
                if (strict)
                {
                    if (unexpected.Count > 0) errors.Insert(0, $"Unexpected key(s) in state_dict: {Quoted(unexpected)}. ");
                    if (missing.Count > 0) errors.Insert(0, $"Missing key(s) in state_dict: {Quoted(missing)}. ");
                }
                if (errors.Count > 0)
                    throw new ArgumentException($"Error(s) in loading state_dict for {_get_name()}:\n\t{string.Join("\n\t", errors)}", nameof(state_dict));

                using (no_grad())
                    foreach (var (key, owner, name) in own)
                    {
                        if (!state_dict.TryGetValue(key, out var input)) continue;
                        var p = owner.ParameterEntries.First(kv => kv.Key == name).Value!;
                        if (p is UninitializedParameter u)
                        {
                            owner.materialize(name, u, input.shape);
                            p = owner.ParameterEntries.First(kv => kv.Key == name).Value!;
                        }
                        p.copy_(input);
                    }
                return new LoadStateDictResult(missing, unexpected);
            }

            private void CollectKeys(List<(string, Module, string)> into, string prefix)
            {
                foreach (var kv in ParameterEntries)
                    if (kv.Value is not null) into.Add((prefix + kv.Key, this, kv.Key));
                foreach (var kv in ModuleEntries) kv.Value.CollectKeys(into, prefix + kv.Key + ".");
            }

            /// <summary>
            /// Replaces the uninitialized parameter <paramref name="name"/> by a real one of
            /// <paramref name="shape"/>; lazy layers override this to also record their inferred sizes.
            /// </summary>
            protected virtual void materialize(string name, UninitializedParameter placeholder, long[] shape) =>
                throw new InvalidOperationException($"{_get_name()} cannot materialize parameter '{name}'");

            internal static string SizeText(long[] shape) => $"torch.Size([{string.Join(", ", shape)}])";

            private static string Quoted(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"\"{k}\""));
        }

        /// <summary>What <see cref="Module.load_state_dict"/> found: PyTorch's <c>_IncompatibleKeys</c>.</summary>
        public sealed record LoadStateDictResult(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys)
        {
            public override string ToString() =>
                missing_keys.Count == 0 && unexpected_keys.Count == 0
                    ? "<All keys matched successfully>"
                    : $"_IncompatibleKeys(missing_keys=[{string.Join(", ", missing_keys.Select(k => $"'{k}'"))}], unexpected_keys=[{string.Join(", ", unexpected_keys.Select(k => $"'{k}'"))}])";
        }
    }
}
