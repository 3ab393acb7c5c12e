using Trainer.Shared;

namespace Trainer.Book.Tests.Engine;

/// <summary>TorchSharp's native library loads on Debian 12 (the build marks its GLIBCXX_3.4.32 need weak), and a load failure reads as one line.</summary>
public class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_OnThisMachine_LoadsWithNoVariableSet()
    {
        Assert.Null(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"));
        TorchRuntime.EnsureLoaded();
        using var x = torch.ones(2, 2);
        Assert.Equal(4f, x.sum().item<float>());
    }

    [Fact]
    public void Cause_LoaderFailureInsideTypeInitializer_OneLineNamingTheMissingVersion()
    {
        var failure = new TypeInitializationException("TorchSharp.torch", new NotSupportedException(
            "The native library could not be loaded. Tried:\n" +
            "  /app/runtimes/linux-x64/native/LibTorchSharp.so: cannot open shared object file\n" +
            "  /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)\n" +
            "Trace: ..."));
        var line = TorchRuntime.Cause(failure);
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("TorchSharp could not load libtorch: ", line);
        Assert.Contains("GLIBCXX_3.4.32' not found", line);
    }

    [Fact]
    public void Cause_MissingLibrary_NamesTheFileThatWasNotFound()
    {
        var line = TorchRuntime.Cause(new DllNotFoundException("Unable to load shared library 'LibTorchSharp'\nlibtorch_cpu.so: cannot open shared object file: No such file or directory"));
        Assert.DoesNotContain('\n', line);
        Assert.Contains("libtorch_cpu.so: cannot open shared object file", line);
    }
}
