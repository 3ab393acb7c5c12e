using Trainer.Shared.Serialization;

namespace Trainer.Serialization.Tests;

/// <summary>`trainer inspect` on files written by PyTorch's torch.save: every line, exactly, in file order.</summary>
public class InspectPyTorchFileTests(PyTorchFiles files) : IClassFixture<PyTorchFiles>
{
    [Fact]
    public void Inspect_SequentialStateDict_ListsEveryKeyShapeAndDtypeInModuleOrder()
    {
        Assert.Equal(new[]
        {
            "0.weight               [4, 3]  torch.float32",
            "0.bias                 [4]  torch.float32",
            "2.weight               [2, 4]  torch.float32",
            "2.bias                 [2]  torch.float32",
            "3.weight               [2]  torch.float32",
            "3.bias                 [2]  torch.float32",
            "3.running_mean         [2]  torch.float32",
            "3.running_var          [2]  torch.float32",
            "3.num_batches_tracked  []  torch.int64",
        }, Inspect.Listing(files["sequential.pt"]));
    }

    [Fact]
    public void Inspect_SequentialStateDict_KeysInTheOrderPyTorchGivesThem()
    {
        var pytorchKeys = File.ReadAllText(files["sequential.keys"]).Split('\n');
        var listed = Inspect.Listing(files["sequential.pt"]).Select(l => l.Split("  ")[0].TrimEnd());
        Assert.Equal(pytorchKeys, listed);
    }

    [Fact]
    public void Inspect_PlainDict_KeepsInsertionOrder()
    {
        Assert.Equal(new[]
        {
            "zeta   [2, 3]  torch.float32",
            "alpha  [3]  torch.float32",
            "mid    [1]  torch.float32",
        }, Inspect.Listing(files["plain.pt"]));
    }

    [Fact]
    public void Inspect_NamesWithSpaces_ListedWhole()
    {
        Assert.Equal(new[]
        {
            "0.block 3.2.weight  [5, 1, 3, 3]  torch.float32",
            "0.block 3.2.bias    [5]  torch.float32",
            "head of net.weight  [1, 5]  torch.float32",
        }, Inspect.Listing(files["spaces.pt"]));
    }

    [Fact]
    public void Inspect_SgdMomentumStateDict_NestedContainersAsDottedKeysWithPlainValues()
    {
        Assert.Equal(new[]
        {
            "state.0.momentum_buffer        [2, 3]  torch.float32",
            "state.1.momentum_buffer        [2]  torch.float32",
            "param_groups.0.lr              0.1",
            "param_groups.0.momentum        0.9",
            "param_groups.0.dampening       0",
            "param_groups.0.weight_decay    0",
            "param_groups.0.nesterov        False",
            "param_groups.0.maximize        False",
            "param_groups.0.foreach         None",
            "param_groups.0.differentiable  False",
            "param_groups.0.params.0        0",
            "param_groups.0.params.1        1",
        }, Inspect.Listing(files["optimizer.pt"]));
    }

    [Fact]
    public void Inspect_AdamStateDict_ZeroDimStepAndTupleBetas()
    {
        Assert.Equal(new[]
        {
            "state.0.step                   []  torch.float32",
            "state.0.exp_avg                [2, 3]  torch.float32",
            "state.0.exp_avg_sq             [2, 3]  torch.float32",
            "state.1.step                   []  torch.float32",
            "state.1.exp_avg                [2]  torch.float32",
            "state.1.exp_avg_sq             [2]  torch.float32",
            "param_groups.0.lr              0.001",
            "param_groups.0.betas.0         0.9",
            "param_groups.0.betas.1         0.999",
            "param_groups.0.eps             1e-08",
            "param_groups.0.weight_decay    0",
            "param_groups.0.amsgrad         False",
            "param_groups.0.maximize        False",
            "param_groups.0.foreach         None",
            "param_groups.0.capturable      False",
            "param_groups.0.differentiable  False",
            "param_groups.0.fused           False",
            "param_groups.0.params.0        0",
            "param_groups.0.params.1        1",
        }, Inspect.Listing(files["adam.pt"]));
    }

    [Fact]
    public void Inspect_Checkpoint_ModelThenPlainValuesThenOptimizer()
    {
        Assert.Equal(new[]
        {
            "model.weight                             [2, 3]  torch.float32",
            "model.bias                               [2]  torch.float32",
            "epoch                                    3",
            "best loss                                0.25",
            "lr                                       1e-05",
            "name                                     'run-1'",
            "notes                                    None",
            "done                                     True",
            "optimizer.state.0.momentum_buffer        [2, 3]  torch.float32",
            "optimizer.state.1.momentum_buffer        [2]  torch.float32",
            "optimizer.param_groups.0.lr              0.1",
            "optimizer.param_groups.0.momentum        0.9",
            "optimizer.param_groups.0.dampening       0",
            "optimizer.param_groups.0.weight_decay    0",
            "optimizer.param_groups.0.nesterov        False",
            "optimizer.param_groups.0.maximize        False",
            "optimizer.param_groups.0.foreach         None",
            "optimizer.param_groups.0.differentiable  False",
            "optimizer.param_groups.0.params.0        0",
            "optimizer.param_groups.0.params.1        1",
        }, Inspect.Listing(files["checkpoint.pt"]));
    }

    [Fact]
    public void Inspect_DtypesScalarsViewsAndEmptyTensors_ShapeAndDtypeOfEach()
    {
        Assert.Equal(new[]
        {
            "int64      [4]  torch.int64",
            "uint8      [2, 2]  torch.uint8",
            "bool       [3]  torch.bool",
            "float64    [1]  torch.float64",
            "float16    [2]  torch.float16",
            "bfloat16   [2]  torch.bfloat16",
            "int32      [2]  torch.int32",
            "int8       [2]  torch.int8",
            "int16      [2]  torch.int16",
            "scalar     []  torch.float32",
            "view       [4]  torch.float32",
            "strided    [4, 3]  torch.float32",
            "empty      [0, 3]  torch.float32",
            "parameter  [2]  torch.float32",
        }, Inspect.Listing(files["dtypes.pt"]));
    }

    [Fact]
    public void Inspect_ViewWithStorageOffset_KeepsOffsetAndStrideOfItsStorage()
    {
        var sd = Assert.IsType<PyDict>(TorchFileMetadata.Read(files["dtypes.pt"]));
        var view = Assert.IsType<TensorInfo>(sd["view"]);
        Assert.Equal(3, view.StorageOffset);
        Assert.Equal(new long[] { 1 }, view.Stride);
        var strided = Assert.IsType<TensorInfo>(sd["strided"]);
        Assert.Equal(1, strided.StorageOffset);
        Assert.Equal(new long[] { 6, 2 }, strided.Stride);
        Assert.True(Assert.IsType<TensorInfo>(sd["parameter"]).IsParameter);
    }

    [Fact]
    public void Inspect_SingleTensor_OneLineWithoutKey()
    {
        Assert.Equal(new[] { "[2, 2]  torch.float32" }, Inspect.Listing(files["tensor.pt"]));
    }

    [Fact]
    public void Inspect_EmptyDict_ShowsItEmpty()
    {
        Assert.Equal(new[] { "{}" }, Inspect.Listing(files["empty.pt"]));
    }

    [Fact]
    public void Inspect_LegacyFormat_RefusedWithAdvice()
    {
        Inspect.Failure(files["legacy.pt"], "legacy (pre-1.6, non-zip) torch.save file");
    }

    [Fact]
    public void Inspect_WholePickledModel_NamesTheGlobalItRefuses()
    {
        Inspect.Failure(files["whole_model.pt"], "global 'torch.nn.modules.container.Sequential' is not allowed");
    }

    [Fact]
    public void Inspect_TorchScriptArchive_SaysSo()
    {
        Inspect.Failure(files["script.pt"], "a TorchScript archive");
    }
}
