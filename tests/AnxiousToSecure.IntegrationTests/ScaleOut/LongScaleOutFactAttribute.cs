namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// A scale-out test too long for every run (thousands of emails, a crash and its recovery): it runs under
/// <c>scripts/bench faults</c>, which sets ATS_SCALEOUT_LONG=1, and is reported as skipped elsewhere.
/// </summary>
public sealed class LongScaleOutFactAttribute : FactAttribute
{
    public const string Variable = "ATS_SCALEOUT_LONG";

    public LongScaleOutFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") Skip = $"Long scale-out test: run it with scripts/bench faults ({Variable}=1).";
    }
}
