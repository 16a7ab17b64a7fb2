// socket.io-client as its own module (built separately, content-hashed): the app imports it when the chat
// connects, so a page view whose visitor never opens the chat does not download it.
export { io } from 'socket.io-client';
