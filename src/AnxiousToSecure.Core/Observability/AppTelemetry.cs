using System.Diagnostics;

namespace AnxiousToSecure.Core.Observability;

/// <summary>
/// The app's own trace source and meter name. Spans of this source are recorded only when a tracer
/// is listening (an OTLP endpoint is configured); otherwise starting one costs a null check.
/// </summary>
public static class AppTelemetry
{
    public const string Name = "AnxiousToSecure";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// A span around one background job. With no tracer listening it is still a plain <see cref="Activity"/>,
    /// so every log line the job writes carries a trace id of its own (one allocation per job, not per request).
    /// </summary>
    public static Activity StartJob(string name)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null) return activity;
        return new Activity(name).Start();
    }

    /// <summary>Marks the span failed with the exception's type (never its message: it may name a person or a server).</summary>
    public static void Failed(Activity? activity, Exception e)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        activity.SetTag("error.type", e.GetType().FullName);
    }

    /// <summary>Runs one background job inside its span (<see cref="StartJob"/>), marking the span failed if it throws.</summary>
    public static async Task<T> RunJobAsync<T>(string name, Func<Activity, Task<T>> job)
    {
        using var span = StartJob(name);
        try
        {
            return await job(span);
        }
        catch (Exception e)
        {
            Failed(span, e);
            throw;
        }
    }

    /// <summary>A job with nothing to return; <paramref name="tag"/> is set on its span first (e.g. the email's kind).</summary>
    public static Task RunJobAsync(string name, (string Key, string Value) tag, Func<Task> job) =>
        RunJobAsync(name, async span =>
        {
            span.SetTag(tag.Key, tag.Value);
            await job();
            return true;
        });
}
