using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Tests;

/// <summary>A real ILoggerFactory that keeps every entry, so tests can check that failures are logged.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    public sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new Entry(logLevel, formatter(state, exception), exception));
    }
}
