using System.Collections;

namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Holds modules in a list so they are registered (named "0", "1", ...); it has no forward of its own.</summary>
        public class ModuleList : Module, IEnumerable<Module>
        {
            public ModuleList(params Module[] modules) => extend(modules);

            public override Module this[int index] => ModuleEntries[Containers.Index(index, ModuleEntries.Count, _get_name())].Value;

            public int Count => ModuleEntries.Count;

            public ModuleList append(Module module)
            {
                register_module(Count.ToString(), module);
                return this;
            }

            public ModuleList extend(IEnumerable<Module> modules)
            {
                foreach (var m in modules) append(m);
                return this;
            }

            public override Tensor forward(Tensor input) =>
                throw new NotSupportedException("Module [ModuleList] is missing the required \"forward\" function: iterate over it and call its modules");

            public IEnumerator<Module> GetEnumerator() => ModuleEntries.Select(kv => kv.Value).GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
