using System.Collections;

namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Runs its children in order, each output feeding the next. Children are named "0", "1", ...
        /// when passed to the constructor, or by <see cref="Module.add_module"/>; <c>net[i]</c> indexes them.
        /// </summary>
        public class Sequential : Module, IEnumerable<Module>
        {
            public Sequential(params Module[] modules)
            {
                for (var i = 0; i < modules.Length; i++) register_module(i.ToString(), modules[i]);
            }

            /// <summary>Children in order: PyTorch's <c>Sequential(OrderedDict([...]))</c>.</summary>
            public Sequential(IEnumerable<(string name, Module module)> named)
            {
                foreach (var (name, module) in named) register_module(name, module);
            }

            public override Module this[int index] => ModuleEntries[Containers.Index(index, ModuleEntries.Count, _get_name())].Value;

            public int Count => ModuleEntries.Count;

            /// <summary>Adds <paramref name="module"/> at the end, named by its position.</summary>
            public Sequential append(Module module)
            {
                register_module(Count.ToString(), module);
                return this;
            }

            public override Tensor forward(Tensor input)
            {
                // Intermediate outputs are freed as soon as the next layer has consumed them; the
                // autograd graph keeps what backward needs. The input itself belongs to the caller.
                var x = input;
                foreach (var kv in ModuleEntries)
                {
                    var y = kv.Value.call(x);
                    if (!ReferenceEquals(x, input) && !ReferenceEquals(y, x) && x is not Parameter) x.Dispose();
                    x = y;
                }
                return ReferenceEquals(x, input) ? input.alias() : x;
            }

            public IEnumerator<Module> GetEnumerator() => ModuleEntries.Select(kv => kv.Value).GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        internal static class Containers
        {
            /// <summary>Python-style index (negative counts from the end) checked against the count.</summary>
            internal static int Index(int index, int count, string owner)
            {
                var i = index < 0 ? index + count : index;
                if (i < 0 || i >= count) throw new IndexOutOfRangeException($"index {index} is out of range for {owner} of length {count}");
                return i;
            }
        }
    }
}
