using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Settings;
using MailKit.Security;

namespace AnxiousToSecure.Core.Smtp;

/// <summary>The SMTP server every email goes through. Without a host, Development writes to a pickup folder instead.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's names).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Open connections kept for reuse; a burst of lesson emails does not reconnect for each one.</summary>
    [Range(0, 64)]
    public int PooledConnections { get; set; } = 4;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
