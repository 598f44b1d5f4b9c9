namespace AnxiousToSecure.Core.Data;

public static class Roles
{
    public const string Student = "Student";
    public const string Instructor = "Instructor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Student, Instructor, Admin];

    /// <summary>The roles that write the course or run the business: they need a second factor and shorter sessions.</summary>
    public static readonly IReadOnlyList<string> Staff = [Instructor, Admin];
}
