namespace Trainer.Package.Tests;

/// <summary>A user's console project that references only the Trainer package.</summary>
internal static class ConsumerProject
{
    /// <summary>
    /// The whole of its Program.cs: a few data-parallel steps of a small model on two CPU devices.
    /// (When <c>TrainerApp.Run(args, job)</c> exists, this string is what changes.)
    /// </summary>
    public const string Program = """
        using Trainer;
        using Trainer.Coordinator.DataParallel;
        using Trainer.Worker;
        using TorchSharp;
        using static TorchSharp.torch;

        manual_seed(0);
        using var inputs = randn(64, 8);
        using var targets = randint(0, 2, [64]);
        using var dp = DataParallelTrainer.Create(new DataParallelOptions(
            () => nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2)),
            () => nn.CrossEntropyLoss(),
            p => optim.SGD(p, learningRate: 0.1),
            DeviceSpecs.Parse("cpu:0,cpu:1"),
            new TensorBatchSource(inputs, targets)));
        var order = Enumerable.Range(0, 64).Select(i => (long)i).ToArray();
        var epoch = dp.RunEpoch(order, batchSize: 16);
        Console.WriteLine($"trained {epoch.Steps} steps on 2 devices, loss {epoch.Loss:F4}");
        return epoch.Steps == 4 && double.IsFinite(epoch.Loss) ? 0 : 1;
        """;

    /// <summary>The project file: nothing but the package (NuGet's audit off: no network for it).</summary>
    public static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Trainer" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// The packed folder and nuget.org as sources, and a packages folder of its own, so no Trainer
    /// package cached earlier is used. The machine's packages folder is a fallback: libtorch
    /// (600 MB) is read from there in place rather than extracted again.
    /// </summary>
    public static string NuGetConfig(string feed, string packages, string machinePackages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <add key="globalPackagesFolder" value="{packages}" />
          </config>
          <packageSources>
            <clear />
            <add key="trainer" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <fallbackPackageFolders>
            <clear />
            <add key="machine" value="{machinePackages}" />
          </fallbackPackageFolders>
        </configuration>
        """;
}
