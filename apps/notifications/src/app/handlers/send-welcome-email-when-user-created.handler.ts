import { Injectable } from '@nestjs/common';
import type { UserCreated } from '@chronicle/identity-contracts';
import type { DeliveryDraft } from '../deliveries/delivery';
import { renderTemplateFile } from '../templates/template-renderer';

/** A new user gets a welcome e-mail. */
@Injectable()
export class SendWelcomeEmailWhenUserCreatedHandler {
  readonly name = 'send-welcome-email-when-user-created';

  draft(event: UserCreated['data']): DeliveryDraft {
    const values = { name: event.name, email: event.email };
    return {
      channel: 'email',
      recipient: event.email,
      message: {
        to: event.email,
        subject: renderTemplateFile('welcome-email.subject.txt', values).trim(),
        text: renderTemplateFile('welcome-email.text.txt', values),
        html: renderTemplateFile('welcome-email.html', values),
      },
    };
  }
}
