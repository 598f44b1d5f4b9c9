using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// Keeps every line the app logs at any level its filters let through, as one text per line: category,
/// message, every structured value, every scope value and the exception, so a test can search all of it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => [.. lines];

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values) line.Append(" | ").Append(key).Append('=').Append(value);
            }
            capture.scopes.ForEachScope((scope, b) =>
            {
                b.Append(" | scope: ").Append(scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs) b.Append(' ').Append(key).Append('=').Append(value);
                }
            }, line);
            if (exception is not null) line.Append('\n').Append(exception);
            capture.lines.Enqueue(line.ToString());
        }
    }
}
