using Trainer.Book.Tests.Support;
using Trainer.Shared.Data;

namespace Trainer.Book.Tests.FashionMnist;

/// <summary>
/// The notes' MLP on Fashion-MNIST (Debian's dataset-fashion-mnist): Flatten, Linear(784, 256),
/// ReLU, Linear(256, 10), trained briefly with the notes' train and test loops.
/// </summary>
[Collection(NativeState.Name)]
public class FashionMnistMlpTests
{
    private sealed class MLP : Module<Tensor, Tensor>
    {
        private readonly Flatten flatten = Flatten();
        private readonly Sequential linear_relu_stack;

        public MLP(long input_num) : base(nameof(MLP))
        {
            linear_relu_stack = Sequential(Linear(input_num, 256), ReLU(), Linear(256, 10));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return linear_relu_stack.call(flatten.call(x)).MoveToOuterDisposeScope();
        }
    }

    private const int BatchSize = 256;

    private static void train(Tensor images, Tensor labels, MLP model, Loss<Tensor, Tensor, Tensor> loss_fn, optim.Optimizer optimizer)
    {
        model.train();
        using var order = randperm(images.shape[0]);
        foreach (var batch in order.split(BatchSize))
        {
            using var step = NewDisposeScope();
            var X = images[batch];
            var y = labels[batch];
            var loss = loss_fn.call(model.call(X), y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    private static double test(Tensor images, Tensor labels, MLP model)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long correct = 0;
        foreach (var (X, y) in images.split(BatchSize).Zip(labels.split(BatchSize)))
            correct += (model.call(X).argmax(1) == y).sum().item<long>();
        return (double)correct / images.shape[0];
    }

    [Fact]
    public void MLP_TwoEpochsSgd_TestAccuracyAboveEightyPercent()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var trainSet = new FashionMNIST(train: true);
        using var testSet = new FashionMNIST(train: false);
        var trainImages = trainSet.normalized();
        var testImages = testSet.normalized();
        using var model = new MLP(28 * 28);
        var loss_fn = CrossEntropyLoss();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        for (var epoch = 0; epoch < 2; epoch++) train(trainImages, trainSet.targets, model, loss_fn, optimizer);
        var accuracy = test(testImages, testSet.targets, model);
        Assert.True(accuracy > 0.80, $"test accuracy {accuracy:P1}");
    }
}
