using System.Collections;

namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Holds modules by name, in insertion order, so they are registered; it has no forward of its own.</summary>
        public class ModuleDict : Module, IEnumerable<KeyValuePair<string, Module>>
        {
            public ModuleDict() { }

            public ModuleDict(IEnumerable<(string name, Module module)> modules)
            {
                foreach (var (name, module) in modules) register_module(name, module);
            }

            public Module this[string key]
            {
                get
                {
                    foreach (var kv in ModuleEntries)
                        if (kv.Key == key) return kv.Value;
                    throw new KeyNotFoundException($"ModuleDict has no key '{key}' (keys: {string.Join(", ", keys())})");
                }
                set => register_module(key, value);
            }

            public int Count => ModuleEntries.Count;
            public bool ContainsKey(string key) => ModuleEntries.Any(kv => kv.Key == key);
            public IEnumerable<string> keys() => ModuleEntries.Select(kv => kv.Key);
            public IEnumerable<Module> values() => ModuleEntries.Select(kv => kv.Value);
            public IEnumerable<(string key, Module module)> items() => ModuleEntries.Select(kv => (kv.Key, kv.Value));

            public override Tensor forward(Tensor input) =>
                throw new NotSupportedException("Module [ModuleDict] is missing the required \"forward\" function: look up its modules by key and call them");

            public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() => ModuleEntries.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
