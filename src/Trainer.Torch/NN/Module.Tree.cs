namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // Walking the module tree: children, descendants, parameters, lookup by dotted name.
        public abstract partial class Module
        {
            public IEnumerable<(string name, Module module)> named_children()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                foreach (var kv in ModuleEntries)
                    if (seen.Add(kv.Value)) yield return (kv.Key, kv.Value);
            }

            public IEnumerable<Module> children() => named_children().Select(c => c.module);

            /// <summary>This module and every descendant with dotted names, each module once (a shared one under its first name).</summary>
            public IEnumerable<(string name, Module module)> named_modules(string prefix = "", bool remove_duplicate = true)
            {
                var memo = remove_duplicate ? new HashSet<Module>(ReferenceEqualityComparer.Instance) : null;
                return NamedModules(memo, prefix);
            }

            private IEnumerable<(string, Module)> NamedModules(HashSet<Module>? memo, string prefix)
            {
                if (memo != null && !memo.Add(this)) yield break;
                yield return (prefix, this);
                foreach (var kv in ModuleEntries)
                    foreach (var sub in kv.Value.NamedModules(memo, Join(prefix, kv.Key)))
                        yield return sub;
            }

            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>
            /// Every parameter with its dotted name. A tied parameter (the same tensor reached
            /// twice) is listed once under its first name unless <paramref name="remove_duplicate"/>
            /// is false; the data-parallel trainer relies on this to sum a shared gradient once.
            /// </summary>
            public IEnumerable<(string name, Parameter param)> named_parameters(string prefix = "", bool recurse = true, bool remove_duplicate = true)
            {
                var seen = new List<Parameter>();
                var tree = recurse ? named_modules(prefix, remove_duplicate) : new[] { (prefix, this) };
                foreach (var (path, m) in tree)
                    foreach (var kv in m.ParameterEntries)
                    {
                        if (kv.Value is not { } p) continue;
                        if (remove_duplicate)
                        {
                            if (seen.Any(s => ReferenceEquals(s, p) || SameTensor(s, p))) continue;
                            seen.Add(p);
                        }
                        yield return (Join(path, kv.Key), p);
                    }
            }

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse: recurse).Select(np => np.param);

            /// <summary>Tensor identity; an uninitialized placeholder is only ever identical to itself.</summary>
            private static bool SameTensor(Parameter a, Parameter b) =>
                a is not UninitializedParameter && b is not UninitializedParameter && a.is_same(b);

            internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

            /// <summary>
            /// The <paramref name="index"/>-th child, for containers (<c>net[2]</c>, <c>rgnet[0][1][0]</c>).
            /// Plain modules are not indexable, as in PyTorch.
            /// </summary>
            public virtual Module this[int index] =>
                throw new NotSupportedException($"'{_get_name()}' object is not subscriptable (only containers such as Sequential and ModuleList are)");

            /// <summary>The descendant at a dotted path such as <c>"0.1.0"</c> (PyTorch's get_submodule).</summary>
            public Module get_submodule(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                if (target.Length == 0) return this;
                var m = this;
                foreach (var part in target.Split('.'))
                {
                    var i = m.FindModuleIndex(part);
                    if (i < 0) throw new ArgumentException($"{m._get_name()} has no attribute `{part}` (looking up '{target}')", nameof(target));
                    m = m.ModuleEntries[i].Value;
                }
                return m;
            }

            /// <summary>The parameter at a dotted path such as <c>"0.1.0.bias"</c> (PyTorch's get_parameter).</summary>
            public Parameter get_parameter(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                var dot = target.LastIndexOf('.');
                var owner = dot < 0 ? this : get_submodule(target[..dot]);
                var name = dot < 0 ? target : target[(dot + 1)..];
                foreach (var kv in owner.ParameterEntries)
                    if (kv.Key == name)
                        return kv.Value ?? throw new ArgumentException($"parameter '{target}' is None", nameof(target));
                throw new ArgumentException($"{owner._get_name()} has no parameter `{name}` (looking up '{target}')", nameof(target));
            }

            private int FindModuleIndex(string name)
            {
                var entries = ModuleEntries;
                for (var i = 0; i < entries.Count; i++)
                    if (entries[i].Key == name) return i;
                return -1;
            }
        }
    }
}
