extension MailTemplate {
    static let indonesian = MailTemplate(
        subject: "Sertifikat {event} a.n. {name}",
        text: """
            Yth. {name},

            Terima kasih atas partisipasi Anda dalam kegiatan {event} ({date}, {place}).

            {delivery}

            Nomor sertifikat: {serial}
            Keaslian sertifikat dapat diperiksa di:
            {verify_url}

            Hormat kami,
            {issuer}
            """,
        html: """
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><title>Sertifikat {event}</title></head>
            <body style="font-family: sans-serif; line-height: 1.5">
            <p>Yth. {name},</p>
            <p>Terima kasih atas partisipasi Anda dalam kegiatan <strong>{event}</strong> ({date}, {place}).</p>
            <p>{delivery}</p>
            <p>Nomor sertifikat: {serial}<br>
            Keaslian sertifikat dapat diperiksa di: <a href="{verify_url}">halaman verifikasi</a></p>
            <p>Hormat kami,<br>{issuer}</p>
            </body></html>
            """,
        deliveryLink: "Sertifikat Anda dapat diunduh di:\n{download_url}",
        deliveryAttach: "Sertifikat Anda terlampir pada e-mail ini ({file}).",
        htmlDeliveryLink: "Sertifikat Anda dapat diunduh di: <a href=\"{download_url}\">{download_url}</a>",
        htmlDeliveryAttach: "Sertifikat Anda terlampir pada e-mail ini ({file}).")

    static let english = MailTemplate(
        subject: "Certificate for {event}: {name}",
        text: """
            Dear {name},

            Thank you for taking part in {event} ({date}, {place}).

            {delivery}

            Certificate number: {serial}
            Anyone can check that it is genuine at:
            {verify_url}

            Kind regards,
            {issuer}
            """,
        html: """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Certificate for {event}</title></head>
            <body style="font-family: sans-serif; line-height: 1.5">
            <p>Dear {name},</p>
            <p>Thank you for taking part in <strong>{event}</strong> ({date}, {place}).</p>
            <p>{delivery}</p>
            <p>Certificate number: {serial}<br>
            Anyone can check that it is genuine at: <a href="{verify_url}">the verification page</a></p>
            <p>Kind regards,<br>{issuer}</p>
            </body></html>
            """,
        deliveryLink: "Download your certificate at:\n{download_url}",
        deliveryAttach: "Your certificate is attached to this e-mail ({file}).",
        htmlDeliveryLink: "Download your certificate at: <a href=\"{download_url}\">{download_url}</a>",
        htmlDeliveryAttach: "Your certificate is attached to this e-mail ({file}).")
}
