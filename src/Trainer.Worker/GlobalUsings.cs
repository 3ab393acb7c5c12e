// TorchSharp's names as its own examples use them (torch.*, Tensor, nn, optim), and short names
// for the two module shapes the harness handles: a model maps a batch to its output, a loss maps
// (output, target) to a scalar.
global using TorchSharp;
global using TorchSharp.Modules;
global using static TorchSharp.torch;
global using Akka.Actor;
global using Model = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;
global using Loss = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;
global using Optimizer = TorchSharp.torch.optim.Optimizer;
