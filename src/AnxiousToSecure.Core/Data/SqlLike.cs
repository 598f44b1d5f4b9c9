namespace AnxiousToSecure.Core.Data;

public static class SqlLike
{
    /// <summary>A LIKE/ILIKE pattern matching <paramref name="text"/> anywhere, with its wildcards taken literally.</summary>
    public static string Contains(string text) => $"%{text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
}
