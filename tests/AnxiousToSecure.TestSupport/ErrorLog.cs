using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.TestSupport;

/// <summary>Keeps the app's error logs, so a failing test can say what went wrong on the server.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyList<string> Entries => [.. entries];

    public override string ToString() => string.Join("\n---\n", entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.entries.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
        }
    }
}
