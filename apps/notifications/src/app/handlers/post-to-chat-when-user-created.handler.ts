import { Injectable } from '@nestjs/common';
import type { UserCreated } from '@chronicle/identity-contracts';
import type { DeliveryDraft } from '../deliveries/delivery';
import { renderTemplateFile } from '../templates/template-renderer';

/** The team's chat hears about every new user. */
@Injectable()
export class PostToChatWhenUserCreatedHandler {
  readonly name = 'post-to-chat-when-user-created';

  draft(event: UserCreated['data']): DeliveryDraft {
    return { channel: 'chat', recipient: 'webhook', message: { text: renderTemplateFile('user-created.slack.txt', event).trim() } };
  }
}
