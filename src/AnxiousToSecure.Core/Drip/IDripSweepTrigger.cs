namespace AnxiousToSecure.Core.Drip;

/// <summary>Runs a drip sweep soon, in the background, instead of waiting for the next scheduled one.</summary>
public interface IDripSweepTrigger
{
    void SweepSoon();
}
