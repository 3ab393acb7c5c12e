// The names src/ and tests/ use, as TorchSharp's own examples write them, and the harness's short names
// for a model, a loss and an optimizer. One file, linked into every project that uses them.
global using TorchSharp;
global using TorchSharp.Modules;
global using static TorchSharp.torch;
global using Model = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;
global using Loss = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;
global using Optimizer = TorchSharp.torch.optim.Optimizer;
