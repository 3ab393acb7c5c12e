using System.Collections.Concurrent;
using System.Reflection;

namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// The base of every layer and model, as PyTorch's <c>nn.Module</c>. A subclass declares
        /// its submodules and parameters as fields (registered in declaration order, so
        /// state_dict keys match PyTorch's) or registers them with <see cref="register_module"/>
        /// and <see cref="register_parameter"/>. Disposing a module frees its parameters.
        /// </summary>
        public abstract partial class Module : IDisposable
        {
            private readonly List<KeyValuePair<string, Module>> moduleList = new();
            private readonly List<KeyValuePair<string, Parameter?>> parameterList = new();
            /// <summary>Names that came from field discovery, so a reassigned field replaces its entry.</summary>
            private readonly HashSet<string> fieldNames = new();
            private bool disposed;

            /// <summary>Whether the module is in training mode (<see cref="train"/>) or evaluation mode (<see cref="eval"/>).</summary>
            public bool training { get; private set; } = true;

            public abstract Tensor forward(Tensor input);

            /// <summary>PyTorch's <c>net(X)</c>: runs <see cref="forward"/>.</summary>
            public Tensor call(Tensor input)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                return forward(input);
            }

            // ---- registration ----

            /// <summary>Adds a child module under <paramref name="name"/> (replacing one of that name, keeping its place).</summary>
            public void register_module(string name, Module module)
            {
                CheckName(name, "module");
                ArgumentNullException.ThrowIfNull(module);
                if (FindParameter(name) >= 0)
                    throw new ArgumentException($"attribute '{name}' already exists as a parameter", nameof(name));
                Put(moduleList, name, module);
            }

            /// <summary>PyTorch's <c>add_module</c>, the same as <see cref="register_module"/>.</summary>
            public void add_module(string name, Module module) => register_module(name, module);

            /// <summary>Adds a parameter under <paramref name="name"/>; null registers the name with no tensor (bias=False).</summary>
            public void register_parameter(string name, Parameter? param)
            {
                CheckName(name, "parameter");
                if (FindModule(name) >= 0)
                    throw new ArgumentException($"attribute '{name}' already exists as a submodule", nameof(name));
                Put(parameterList, name, param);
            }

            private static void CheckName(string name, string what)
            {
                ArgumentNullException.ThrowIfNull(name);
                if (name.Length == 0) throw new ArgumentException($"{what} name can't be empty string \"\"", nameof(name));
                if (name.Contains('.')) throw new ArgumentException($"{what} name can't contain \".\", got: {name}", nameof(name));
            }

            private static void Put<T>(List<KeyValuePair<string, T>> list, string name, T value)
            {
                var i = list.FindIndex(kv => kv.Key == name);
                if (i >= 0) list[i] = new(name, value);
                else list.Add(new(name, value));
            }

            private int FindModule(string name) => moduleList.FindIndex(kv => kv.Key == name);
            private int FindParameter(string name) => parameterList.FindIndex(kv => kv.Key == name);

            /// <summary>The registered children, in registration order (after picking up fields).</summary>
            internal IReadOnlyList<KeyValuePair<string, Module>> ModuleEntries
            {
                get { SyncFields(); return moduleList; }
            }

            /// <summary>The registered parameters (null for a name registered without a tensor).</summary>
            internal IReadOnlyList<KeyValuePair<string, Parameter?>> ParameterEntries
            {
                get { SyncFields(); return parameterList; }
            }

            /// <summary>Replaces a registered parameter in place (LazyLinear materializing its weight).</summary>
            protected void replace_parameter(string name, Parameter? param)
            {
                if (FindParameter(name) < 0) throw new ArgumentException($"no parameter named '{name}' to replace", nameof(name));
                Put(parameterList, name, param);
            }

            // ---- field discovery: PyTorch registers on attribute assignment; C# has no such hook,
            // so fields holding modules or parameters are read each time the tree is walked. ----

            private static readonly ConcurrentDictionary<Type, FieldInfo[]> FieldCache = new();

            private static FieldInfo[] UserFields(Type type) => FieldCache.GetOrAdd(type, t =>
            {
                // Base classes first, as super().__init__() runs first in PyTorch. Types of this
                // assembly register explicitly, so only user subclasses are scanned.
                var chain = new List<Type>();
                for (var c = t; c != null && c.Assembly != typeof(Module).Assembly; c = c.BaseType) chain.Add(c);
                chain.Reverse();
                return chain.SelectMany(c => c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    .Where(f => typeof(Module).IsAssignableFrom(f.FieldType) || typeof(Tensor).IsAssignableFrom(f.FieldType) || f.FieldType == typeof(object))
                    .ToArray();
            });

            private static string FieldName(FieldInfo f)
            {
                var n = f.Name;
                // An auto-property's backing field is "<name>k__BackingField".
                return n.StartsWith('<') && n.IndexOf('>') > 1 ? n[1..n.IndexOf('>')] : n;
            }

            private void SyncFields()
            {
                foreach (var f in UserFields(GetType()))
                {
                    var value = f.GetValue(this);
                    var name = FieldName(f);
                    if (value is Module m)
                    {
                        var i = FindModule(name);
                        if (i >= 0 && (ReferenceEquals(moduleList[i].Value, m) || !fieldNames.Contains(name))) continue;
                        if (i < 0 && moduleList.Any(kv => ReferenceEquals(kv.Value, m) && !fieldNames.Contains(kv.Key))) continue;
                        Put(moduleList, name, m);
                        fieldNames.Add(name);
                    }
                    else if (value is Parameter p)
                    {
                        var i = FindParameter(name);
                        if (i >= 0 && (ReferenceEquals(parameterList[i].Value, p) || !fieldNames.Contains(name))) continue;
                        if (i < 0 && parameterList.Any(kv => ReferenceEquals(kv.Value, p) && !fieldNames.Contains(kv.Key))) continue;
                        Put(parameterList, name, p);
                        fieldNames.Add(name);
                    }
                }
            }

            // ---- modes, devices, gradients ----

            /// <summary>Sets training mode on this module and every descendant (Dropout reads it).</summary>
            public Module train(bool mode = true)
            {
                training = mode;
                foreach (var c in children()) c.train(mode);
                return this;
            }

            public Module eval() => train(false);

            /// <summary>Applies <paramref name="fn"/> to every descendant, then to this module (PyTorch's order).</summary>
            public Module apply(Action<Module> fn)
            {
                foreach (var c in children()) c.apply(fn);
                fn(this);
                return this;
            }

            /// <summary>
            /// Moves every parameter (and its gradient) to <paramref name="device"/> in place: the
            /// Parameter objects stay the same, so tied parameters stay tied and references held by
            /// an optimizer stay valid.
            /// </summary>
            public Module to(Device device) => MoveParameters(t => t.to(device));

            /// <summary>Converts every floating-point parameter to <paramref name="dtype"/> in place.</summary>
            public Module to(ScalarType dtype) => MoveParameters(t => t.to(dtype));

            public Module cpu() => to(Device.CPU);
            public Module cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));

            private Module MoveParameters(Func<Tensor, Tensor> convert)
            {
                foreach (var p in parameters_all())
                {
                    using (var moved = convert(p))
                        Native.NativeMethods.Check(Native.NativeMethods.trn_nn_set_data(p.Handle, moved.Handle));
                    using var g = p.grad;
                    if (g is not null)
                    {
                        using var gm = convert(g);
                        p.grad = gm;
                    }
                }
                return this;
            }

            /// <summary>
            /// Resets gradients: zeroes them in place by default (PyTorch 1.13's default), or drops
            /// them with <paramref name="set_to_none"/>.
            /// </summary>
            public void zero_grad(bool set_to_none = false)
            {
                foreach (var p in parameters())
                {
                    if (set_to_none) { p.grad = null; continue; }
                    using var g = p.grad;
                    g?.zero_();
                }
            }

            /// <summary>Every distinct parameter of the tree, including uninitialized ones.</summary>
            private IEnumerable<Parameter> parameters_all() => named_parameters().Select(np => np.Item2);

            // ---- lifetime ----

            /// <summary>Frees the parameters of this module and of every descendant.</summary>
            public void Dispose()
            {
                if (disposed) return;
                disposed = true;
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            protected virtual void Dispose(bool disposing)
            {
                if (!disposing) return;
                foreach (var kv in ParameterEntries) kv.Value?.Dispose();
                foreach (var kv in ModuleEntries) kv.Value.Dispose();
            }

            public bool IsDisposed => disposed;
        }
    }
}
