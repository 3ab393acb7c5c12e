using static Trainer.Serialization.Tests.PyTorchPeer;

namespace Trainer.Serialization.Tests;

/// <summary>
/// Files written once by the real torch.save for every test that needs one (one Python start,
/// not one per test), removed when the tests are done. Keys are deliberately not in sorted or
/// hash order, so a listing that lost the file's order would show.
/// </summary>
public sealed class PyTorchFiles : IDisposable
{
    private readonly TempDir dir = new();

    public PyTorchFiles()
    {
        Run($$"""
            d = {{Py(dir.Path)}}
            torch.manual_seed(0)
            seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2), torch.nn.BatchNorm1d(2))
            torch.save(seq.state_dict(), d + '/sequential.pt')
            open(d + '/sequential.keys', 'w').write('\n'.join(seq.state_dict().keys()))

            torch.save({'zeta': torch.zeros(2, 3), 'alpha': torch.zeros(3), 'mid': torch.zeros(1)}, d + '/plain.pt')

            torch.save(collections.OrderedDict([
                ('0.block 3.2.weight', torch.zeros(5, 1, 3, 3)),
                ('0.block 3.2.bias', torch.zeros(5)),
                ('head of net.weight', torch.zeros(1, 5)),
            ]), d + '/spaces.pt')

            m = torch.nn.Linear(3, 2)
            opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
            m(torch.ones(1, 3)).sum().backward()
            opt.step()
            torch.save(opt.state_dict(), d + '/optimizer.pt')

            adam = torch.optim.Adam(m.parameters(), lr=0.001)
            adam.step()
            torch.save(adam.state_dict(), d + '/adam.pt')

            torch.save({'model': m.state_dict(), 'epoch': 3, 'best loss': 0.25, 'lr': 1e-05, 'name': 'run-1',
                        'notes': None, 'done': True, 'optimizer': opt.state_dict()}, d + '/checkpoint.pt')

            base = torch.arange(10, dtype=torch.float32)
            torch.save(collections.OrderedDict([
                ('int64', torch.arange(4)),
                ('uint8', torch.zeros(2, 2, dtype=torch.uint8)),
                ('bool', torch.ones(3, dtype=torch.bool)),
                ('float64', torch.zeros(1, dtype=torch.float64)),
                ('float16', torch.zeros(2, dtype=torch.float16)),
                ('bfloat16', torch.zeros(2, dtype=torch.bfloat16)),
                ('int32', torch.zeros(2, dtype=torch.int32)),
                ('int8', torch.zeros(2, dtype=torch.int8)),
                ('int16', torch.zeros(2, dtype=torch.int16)),
                ('scalar', torch.tensor(2.5)),
                ('view', base[3:7]),
                ('strided', torch.zeros(4, 6)[:, 1::2]),
                ('empty', torch.zeros(0, 3)),
                ('parameter', torch.nn.Parameter(torch.zeros(2))),
            ]), d + '/dtypes.pt')

            torch.save({'w': torch.zeros(2)}, d + '/legacy.pt', _use_new_zipfile_serialization=False)
            torch.save(torch.zeros(2, 2), d + '/tensor.pt')
            torch.save({}, d + '/empty.pt')
            torch.save(seq, d + '/whole_model.pt')
            torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), d + '/script.pt')
            """);
    }

    /// <summary>The path of one of the files written above, e.g. "sequential.pt".</summary>
    public string this[string name] => dir.File(name);

    /// <summary>A fresh temporary directory for a test's own files.</summary>
    internal static TempDir Scratch() => new();

    public void Dispose() => dir.Dispose();
}
