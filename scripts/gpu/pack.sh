#!/usr/bin/env bash
# Packs what the GPU machine lent by the workplace's `device` tool lacks into .gpu/ (ignored by
# git, carried with `carry: [".gpu"]`): that machine has CUDA, PyTorch and a compiler, but no .NET
# and no registry to fetch one from. So the managed build travels from here (IL runs anywhere),
# with the .NET runtime, an xUnit console runner (no SDK needed to run tests) and Fashion-MNIST.
# The native shim is NOT carried: scripts/gpu/test.sh builds it there against the CUDA libtorch.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./scripts/build.sh
dest=.gpu
mkdir -p "$dest"

# The runtime changes only with the SDK: pack it once per runtime version.
runtime_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime_version=$(ls "$runtime_root/shared/Microsoft.NETCore.App" | sort -V | tail -1)
if [ "$(cat "$dest/runtime.version" 2>/dev/null)" != "$runtime_version" ]; then
  tar -C "$runtime_root" -cf - dotnet host "shared/Microsoft.NETCore.App/$runtime_version" | xz -T0 -6 > "$dest/dotnet-runtime.tar.xz"
  printf '%s' "$runtime_version" > "$dest/runtime.version"
fi

# xunit.runner.console 2.4.1 is the newest the registry serves; it runs xunit 2.9 assemblies.
runner=$(ls -d ~/.nuget/packages/xunit.runner.console/2.4.1/tools/netcoreapp2.0 2>/dev/null || true)
if [ -z "$runner" ]; then
  tmp=$(mktemp -d)
  cat > "$tmp/restore.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="xunit.runner.console" Version="2.4.1" /></ItemGroup>
</Project>
XML
  dotnet restore "$tmp/restore.csproj" -nologo -v quiet
  rm -rf "$tmp"
  runner=$(ls -d ~/.nuget/packages/xunit.runner.console/2.4.1/tools/netcoreapp2.0)
fi
rm -rf "$dest/xunit" && cp -r "$runner" "$dest/xunit"

# Identical DLLs in every bin folder: xz's large window stores them about once.
tar -cf - tests/*/bin/Release src/Trainer.Coordinator/bin/Release | xz -T0 -9 > "$dest/bins.tar.xz"

# PyTorch's wheels lack Gloo's headers, which c10d's ProcessGroupGloo.hpp includes (see CMakeLists.txt).
rm -rf "$dest/gloo-include" && mkdir -p "$dest/gloo-include" && cp -r /usr/include/gloo "$dest/gloo-include/"

mkdir -p "$dest/fashion-mnist"
cp -u /usr/share/datasets/fashion-mnist/*.gz "$dest/fashion-mnist/"
du -sh "$dest"
