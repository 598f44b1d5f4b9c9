namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>
/// A fault test too slow for CI (Category=FaultsLong): skipped unless ATS_FAULTS_LONG=1, which
/// scripts/bench faults (scripts/lib/faults.sh) sets, so a plain scripts/test never waits for it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LongFaultFactAttribute : FactAttribute
{
    public LongFaultFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ATS_FAULTS_LONG") != "1") Skip = "A long fault test: run it with scripts/bench faults (ATS_FAULTS_LONG=1).";
    }
}
