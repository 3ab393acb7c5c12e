namespace Trainer.Package.Tests;

/// <summary>A user's console project that references only the Trainer package.</summary>
internal static class ConsumerProject
{
    /// <summary>
    /// The whole of its Program.cs: its own job (a small classifier on data it makes, the same on
    /// every node from a fixed seed) handed to TrainerApp, which gives it every command.
    /// </summary>
    public const string Program = """
        using Trainer;
        using TorchSharp;
        using static TorchSharp.torch;

        // 64 samples, the same on every node: made from a generator of its own seed.
        IBatchSource Data()
        {
            using var generator = new torch.Generator(42);
            var x = randn([64, 8], generator: generator);
            var y = (x.narrow(1, 0, 1).squeeze(1) > 0).to(ScalarType.Int64);
            return new TensorBatchSource(x, y);
        }

        var job = new TrainingJob
        {
            Name = "package-check",
            Model = () => nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2)),
            Loss = () => nn.CrossEntropyLoss(),
            Optimizer = p => optim.SGD(p, 0.1),
            TrainData = Data,
            TestData = Data,
        };
        return TrainerApp.Run(args, job);
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
