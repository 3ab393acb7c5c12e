namespace Trainer.Coordinator;

/// <summary>The `trainer` executable: the app over the book's jobs (--model mlp|tied|dynamic, --hidden, --lr, --data).</summary>
public static class Program
{
    public static int Main(string[] args) => TrainerApp.RunBook(args);
}
