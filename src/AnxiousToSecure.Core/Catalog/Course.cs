namespace AnxiousToSecure.Core.Catalog;

public sealed class Course
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Tagline { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Price in minor units (cents) of <see cref="Currency"/>.</summary>
    public long PriceMinor { get; set; }
    public string Currency { get; set; } = "usd";
    public string DefaultTimeZone { get; set; } = "UTC";
    public int MorningUnlockHour { get; set; } = 8;

    /// <summary>How many lessons a student may open ahead of her schedule ("open the next lesson now"); 0 = the drip as written.</summary>
    public int EarlyUnlockLimit { get; set; }

    /// <summary>Monthly payments of the payment plan (course.yml <c>payment_plan.payments</c>); null: no plan is offered.</summary>
    public int? PlanPayments { get; set; }

    /// <summary>Each monthly payment of the plan, in minor units of <see cref="Currency"/>.</summary>
    public long? PlanAmountMinor { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The sales page sections: author, who it is for and not for, FAQ (one JSON column).</summary>
    public SalesPage SalesPage { get; set; } = SalesPage.Empty;

    /// <summary>The bytes of <see cref="AuthorProfile.Photo"/>, when the author block names one.</summary>
    public byte[]? AuthorPhoto { get; set; }

    public List<Module> Modules { get; set; } = [];

    /// <summary>The papers the lessons cite, in the order of the references page.</summary>
    public List<CourseReference> References { get; set; } = [];
}

public sealed class Module
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";
    public int Position { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<Lesson> Lessons { get; set; } = [];
}

public sealed class Lesson
{
    public int Id { get; set; }

    /// <summary>Denormalised from the module so that lesson slugs are unique per course.</summary>
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int ModuleId { get; set; }
    public Module? Module { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public int Position { get; set; }
    public int ReleaseAfterDays { get; set; }
    public int Minutes { get; set; }
    public string Practice { get; set; } = "";
    public string ReflectionPrompt { get; set; } = "";
    public string? ContentNote { get; set; }
    public bool Published { get; set; }

    /// <summary>Anyone may read it, signed in or not, enrolled or not (when it is published): the course's free preview.</summary>
    public bool FreePreview { get; set; }
    public string BodyMarkdown { get; set; } = "";

    /// <summary>
    /// The file name of the lesson's attachment that is its audio version (front matter <c>audio:</c>),
    /// or null: then the browser reads the lesson aloud. A name, not an attachment id: a re-imported or
    /// re-uploaded recording gets a new row and id but keeps its name, and stays the audio version.
    /// </summary>
    public string? AudioFileName { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when the lesson is edited in the app; an import of a folder that differs must then be told what to do.</summary>
    public DateTimeOffset? EditedInAppAt { get; set; }

    /// <summary>PostgreSQL's row version (xmin): two people saving the same lesson get a conflict, not an overwrite.</summary>
    public uint Version { get; set; }
}
