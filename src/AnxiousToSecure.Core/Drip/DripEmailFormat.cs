namespace AnxiousToSecure.Core.Drip;

public enum DripEmailFormat
{
    /// <summary>A short note with a link: nothing personal sits in the inbox.</summary>
    LinkOnly,

    /// <summary>The whole lesson, to read in the mail.</summary>
    FullLesson,
}
